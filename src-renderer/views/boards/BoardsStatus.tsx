/** Status-bar item: boards connected and running flash jobs (boards view). */
export function BoardsStatus() {
  return null;
}
