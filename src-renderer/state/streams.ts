/**
 * The streams slice (issue 14 §4: store and model apart): the live charts' model
 * (streams/chartModel, pure), their store and stream actions (streams/chartStore) and the settings
 * kept per resource (streams/chartSettings).
 */
export * from './streams/chartModel';
export * from './streams/chartStore';
export * from './streams/chartSettings';
