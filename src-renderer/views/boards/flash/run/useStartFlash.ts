/**
 * Starting a flash job from the wizard: the firmware read in step 1, its options and the chosen
 * targets (a retry may cap the baud rate); whether it is starting and why it failed to.
 */
import { useState } from 'react';
import { api } from '../../../../api/connection';
import { asSentence } from '../../../../format/sentence';
import { messages } from '../../../../messages';
import {
  firmwarePayload,
  firmwareText,
  useFlashing,
  useFlashWizard,
} from '../../../../state/flashing';
import type { ChosenTarget } from '../flashTargets';

export function useStartFlash(): {
  starting: boolean;
  error: unknown;
  setError: (e: unknown) => void;
  start: (list: ChosenTarget[], maxBaud?: number) => Promise<void>;
} {
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const start = async (list: ChosenTarget[], maxBaud?: number): Promise<void> => {
    const wizard = useFlashWizard.getState();
    const text = firmwareText();
    if (!text || !wizard.firmware) {
      setError(new Error(messages.flash.run.firmwareLost));
      return;
    }
    setStarting(true);
    setError(null);
    try {
      const { job: started } = await api().flash.start({
        ...firmwarePayload(text),
        ...(maxBaud ? { maxBaud } : {}),
        name: wizard.firmware.name,
        targets: list,
        verify: wizard.verify,
        backupDir: wizard.backup ? wizard.backupDir.trim() : null,
      });
      useFlashing.getState().apply({ kind: 'job', job: started });
      wizard.set({ jobId: started.id });
    } catch (e) {
      setError(asSentence(e));
    } finally {
      setStarting(false);
    }
  };
  return { starting, error, setError, start };
}
