/**
 * The funnel's basis when it counted no deal at all (every deal is in a stage the stage
 * set lacks, or the file has none). The core then reports its basis as "from History",
 * which would be a false label on a CRM export without History; the terminal, the HTML
 * page and the .xlsx Conversion sheet say this instead.
 */
import type { FunnelBasis } from '../core/index';

/** True when no deal fed the funnel, from History or from its outcome. */
export function funnelCountedNone(basis: FunnelBasis): boolean {
  return basis.fromHistory + basis.withoutHistory === 0;
}

/** The label for such a funnel: the file has no deals, or none in a stage of the stage set. */
export function funnelCountedNoneWords(deals: number): string {
  return deals === 0 ? 'the file has no deals yet, so none is counted' : 'no deal is in a stage of the stage set, so none is counted';
}
