/** A stored ISO time as the desk prints it: to the minute, in UTC, said so ("2026-12-01 09:30 UTC"). */
export const utcMinute = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
