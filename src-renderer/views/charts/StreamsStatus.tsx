/** Status-bar item: live streams this console opened, with All streams off (charts view). */
export function StreamsStatus() {
  return null;
}
