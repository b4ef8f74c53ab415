/**
 * The flashing slice (UI.md §3.8), in three stores and a model (issue 14 §4): flash jobs and
 * their logs (flashing/flashJobsStore, reduced by the pure flashing/flashJobs), the Recent
 * firmware list (flashing/recentFirmware) and the Flash flow's own state (flashing/flashWizard).
 */
export * from './flashing/flashJobs';
export * from './flashing/flashJobsStore';
export * from './flashing/recentFirmware';
export * from './flashing/flashWizard';
