/**
 * The services' messages start in lower case (they are also log lines, "port busy: held by the
 * flasher"); shown to a technician they start a sentence. Here (pure, in the contract) so main's
 * API errors and the renderer make the same sentence.
 */
export const sentence = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
