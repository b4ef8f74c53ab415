/** Commission and Site app-wide actions (palette from any view). */
import type { Action } from '../../actions/Action';
import { postIntent } from '../../actions/intents';
import { href, navigate } from '../../navigation/router';
import { messages } from '../../messages';

const t = messages.commission;

const newCommissionPlan: Action = {
  id: 'commission.newPlan',
  label: t.actions.newPlan,
  group: t.group,
  keywords: 'product firmware identity provisioning checks',
  perform: () => {
    navigate(href('commission'));
    postIntent('commission.newPlan');
  },
};

const importCommissionPlan: Action = {
  id: 'commission.importPlan',
  label: t.actions.importPlan,
  group: t.group,
  keywords: 'plan file json open',
  perform: () => {
    navigate(href('commission'));
    postIntent('commission.importPlan');
  },
};

const exportSite: Action = {
  id: 'site.export',
  label: t.actions.exportSite,
  group: t.group,
  keywords: 'site file gateway laptop move records certificates',
  perform: () => {
    navigate(href('site'));
    postIntent('site.export');
  },
};

const importSite: Action = {
  id: 'site.import',
  label: t.actions.importSite,
  group: t.group,
  keywords: 'site file gateway laptop move records',
  perform: () => {
    navigate(href('site'));
    postIntent('site.import');
  },
};

export const commissionActions: readonly Action[] = [
  newCommissionPlan,
  importCommissionPlan,
  exportSite,
  importSite,
];
