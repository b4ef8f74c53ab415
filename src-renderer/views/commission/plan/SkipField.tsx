/** The plan's resources left alone: names, comma separated, the text kept as typed. */
import { useState } from 'react';
import { TextField } from '../../../components/TextField';
import { messages } from '../../../messages';

const t = messages.commission.plan;

const names = (text: string) =>
  text
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** Resource names, comma separated: the text is kept as typed (a trailing comma stays). */
export function SkipField({
  skip,
  error,
  onSkip,
}: {
  skip: readonly string[];
  error: string | null;
  onSkip: (skip: string[]) => void;
}) {
  const [text, setText] = useState(skip.join(', '));
  // Another plan chosen (or imported): show its list.
  const shown = names(text).join('\n') === skip.join('\n') ? text : skip.join(', ');
  return (
    <TextField
      label={t.skip}
      hint={t.skipHint}
      mono
      value={shown}
      error={error}
      onValue={(v) => {
        setText(v);
        onSkip(names(v));
      }}
    />
  );
}
