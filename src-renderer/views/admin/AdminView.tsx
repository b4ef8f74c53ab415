import type { Route } from '../../app/router';
import { ViewHeader } from '../../components/ViewHeader';
import { messages } from '../../messages';

export function AdminView(props: { route: Route }) {
  void props;
  return <ViewHeader title={messages.shell.nav.admin} />;
}
