import type { Route } from '../../app/router';
import { ViewHeader } from '../../components/ViewHeader';
import { messages } from '../../messages';

export function BoardsView(props: { route: Route }) {
  void props;
  return <ViewHeader title={messages.shell.nav.boards} />;
}
