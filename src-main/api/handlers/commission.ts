/**
 * The contract's `commission.*` and `sites.*` calls and the `commission.progress` topic, mapped to
 * the commissioning interface. Ports must be ones the watcher lists (or added by path), as for
 * flashing.
 */
import type { SerialServices } from '../../services/types';
import type { CommissionServices } from '../../commission/CommissionServices';
import { commissionRunCalls } from './commissionRuns';
import { progressTopic } from './commissionProgress';
import { siteCalls } from './commissionSites';
import type { CallsOf, TopicsOf } from './types';

export function commissionHandlers(
  commission: CommissionServices,
  serial: SerialServices,
): { calls: CallsOf<'commission'> & CallsOf<'sites'>; topics: TopicsOf<'commission'> } {
  return {
    calls: { ...commissionRunCalls(commission, serial), ...siteCalls(commission) },
    topics: progressTopic(commission),
  };
}
