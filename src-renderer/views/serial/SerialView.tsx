import type { Route } from '../../app/router';
import { ViewHeader } from '../../components/ViewHeader';
import { messages } from '../../messages';

export function SerialView(props: { route: Route }) {
  void props;
  return <ViewHeader title={messages.shell.nav.serial} />;
}
