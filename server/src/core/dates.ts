/** Calendar days as the policy and exception documents write them (YYYY-MM-DD). */
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day: 2027-06-30, not 2027-02-30. */
export function isValidDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
