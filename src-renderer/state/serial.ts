/**
 * The serial slice (UI.md §3.9), in a store and a model (issue 14 §4): the monitor state, bounds
 * and pure rules (serial/model), the store (serial/store), what a port's feed holds and how events
 * change it (serial/FeedBuffers), the live feed batching per animation frame (serial/MonitorFeed)
 * and the actions on monitors (serial/monitors).
 */
export { MAX_PENDING_EVENTS } from './serial/model';
export { useSerial, setFrozen } from './serial/store';
export { setFrameScheduler } from './serial/MonitorFeed';
export * from './serial/monitors';
