/**
 * Boards & Flash app-wide actions: add a port by path, open Flash. Choosing a firmware file
 * needs the file picker of the Flash view itself (browsers open one only from a click there).
 */
import type { Action } from '../../actions/Action';
import { postIntent } from '../../actions/intents';
import { href, navigate } from '../../navigation/router';
import { messages } from '../../messages';

const addPortByPath: Action = {
  id: 'boards.addByPath',
  label: messages.boards.addByPath,
  group: messages.shell.nav.boards,
  keywords: 'serial port pty tty com',
  perform: () => {
    navigate(href('boards'));
    postIntent('boards.addByPath');
  },
};

const openFlash: Action = {
  id: 'flash.open',
  label: messages.flash.actions.open,
  group: messages.flash.actions.group,
  keywords: 'firmware hex upload write board',
  perform: () => navigate(href('flash')),
};

export const boardsActions: readonly Action[] = [addPortByPath, openFlash];
