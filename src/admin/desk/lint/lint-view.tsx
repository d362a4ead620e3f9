import { type Finding, SEVERITIES, type Severity } from "./lint";

const SEVERITY_NAMES: Record<Severity, string> = { error: "Error", warning: "Warning", notice: "Notice" };

/** Counts by severity, for the section's summary line: "1 error, 2 warnings". */
function summary(findings: Finding[]): string {
  return SEVERITIES.map((severity) => {
    const n = findings.filter((finding) => finding.severity === severity).length;
    return n ? `${n} ${SEVERITY_NAMES[severity].toLowerCase()}${n > 1 ? "s" : ""}` : "";
  })
    .filter(Boolean)
    .join(", ");
}

/** The lint's findings, most serious first; the severity is written out, not only coloured. */
export function LintView({ findings }: { findings: Finding[] }) {
  const sorted = [...findings].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  return (
    <section aria-labelledby="lint-heading">
      <h2 id="lint-heading">Lint</h2>
      {sorted.length === 0 ? (
        <p class="flash">No problems found.</p>
      ) : (
        <>
          <p>{summary(sorted)}.</p>
          <ol class="findings">
            {sorted.map((finding) => (
              <li class={finding.severity} data-finding={finding.id}>
                <p>
                  <span class="severity">{SEVERITY_NAMES[finding.severity]}</span>
                  {/* Read out as "Warning: …", not run into the sentence. */}
                  {": "}
                  {finding.seen}
                </p>
                <p>
                  <strong>Fix:</strong> {finding.fix}
                </p>
                <p>
                  <code>{finding.id}</code>
                </p>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
