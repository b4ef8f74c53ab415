/**
 * Why a stream the server opened on a device ended without the server stopping it: the device
 * sent STOP_STREAM (§8.4: a session resource finished), or the connection went away. Shared by
 * the broker (which sees it happen) and the stream hub (which decides whether to restart).
 */
export type StreamEnd =
  { readonly by: 'device' } | { readonly by: 'disconnect'; readonly reason: string };
