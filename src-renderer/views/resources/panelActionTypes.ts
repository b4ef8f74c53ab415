/** What a resource panel's actions are (`panelActions.ts`) and what they are built from. */
import type { Action } from '../../actions/Action';
import type { Value } from '../../model/pson';
import type { PanelTarget, ResourceCommands } from './commands';

export interface PanelActions {
  /** Run (fn 1, 4), Send (fn 2), Refresh (fn 3). */
  primary: Action;
  /** Refresh of an output (fn 3, 4 read it; same as primary for fn 3). */
  refresh: Action;
  cancel: Action;
  /** Only where a number is: an output whose value (read or described) holds one (issue 16). */
  chart: Action | null;
  copyCurl: Action;
  copyCurlToken: Action | null;
  copyJson: Action;
  showFrames: Action;
  toggleAsk: Action;
  /** The cURL line of Copy as cURL (for the footer's copy button). */
  curlText: () => string;
}

export interface PanelState {
  /** The device is online and the link to main is up. */
  enabled: boolean;
  /** The form holds a value that can be sent. */
  ready: boolean;
  /** What Send or Run sends (fn 2, 4). */
  input: Value | undefined;
  /** What "Copy value as JSON" copies: the output, or the reported state of an input. */
  shown: Value | undefined;
}

/** What the panel's actions are built from. */
export interface PanelContext {
  target: PanelTarget;
  cmd: ResourceCommands;
  state: PanelState;
  /** The console's page, or the desktop app (cURL calls the API on loopback there). */
  runtime: 'console' | 'desktop';
  /** "Ask before changing" as the user set it for this resource, if they did. */
  asked: boolean | undefined;
}
