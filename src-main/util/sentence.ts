/**
 * The services' messages start in lower case (they are also log lines, "port busy: held by the
 * flasher"); shown to a technician they start a sentence.
 */
export const sentence = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
