/**
 * A stored ISO time as the desk prints it: to the minute, in UTC, said so ("2026-12-01 09:30
 * UTC"), in a <time>; a dash when there is none.
 */
export function When({ iso }: { iso: string | null | undefined }) {
  return iso ? <time datetime={iso}>{`${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`}</time> : <span class="muted">—</span>;
}
