/** Devices admin's app-wide actions: "Add device" from anywhere opens the admin and its dialog. */
import type { Action } from '../../actions/Action';
import { postIntent } from '../../actions/intents';
import { href, navigate } from '../../navigation/router';
import { messages } from '../../messages';

const t = messages.admin;

const addDevice: Action = {
  id: 'admin.add',
  label: t.add.action,
  group: t.group,
  keywords: 'new register credential',
  perform: () => {
    navigate(href('admin'));
    postIntent('admin.add');
  },
};

export const adminActions: readonly Action[] = [addDevice];
