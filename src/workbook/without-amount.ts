/**
 * How a page names the deals that have no amount to count. With rates, a deal in a
 * currency that has no rate loses its amount too (it is left out of every amount), and
 * such a deal can still win: calling it "without an amount, it can win nothing" would
 * be false, so the words name the currencies with no rate.
 */
import type { PipelineReport } from './report';

/** The currencies whose deals lost their amount for want of a rate ([] without rates). */
export function noRateCurrencies(report: PipelineReport): string[] {
  return (report.currency.conversion?.noRate ?? []).filter((n) => n.deals > 0).map((n) => n.currency);
}

/** "without an amount", or "without an amount in USD (blank, or in GBP with no rate)". */
export function withoutAmountWords(report: PipelineReport): string {
  const noRate = noRateCurrencies(report);
  if (noRate.length === 0) return 'without an amount';
  return `without an amount in ${report.currency.currency} (blank, or in ${noRate.join(', ')} with no rate)`;
}
