/**
 * The radar's four quadrants, grouped from the catalog's categories, and its four rings. Used by
 * the report's radar and by the radar exports and imports, so a technology sits in the same
 * quadrant everywhere.
 */
import { RINGS as MODEL_RINGS, type Ring } from '../model';

/**
 * Each quadrant's categories, the last its generic one (`framework`, `data`, `infrastructure`,
 * `tool`): what an imported technology the catalog does not know gets, so it keeps its quadrant's
 * meaning without being called something it may not be (a "Platforms" entry is not a proxy).
 */
export const QUADRANTS = [
  { id: 'frameworks', name: 'Frameworks', generic: 'framework', categories: ['web-framework', 'frontend-framework', 'meta-framework', 'mobile', 'desktop', 'state-management', 'styling', 'api-style', 'realtime', 'framework'] },
  { id: 'data', name: 'Data and messaging', generic: 'data', categories: ['datastore', 'data-access', 'messaging', 'job-queue', 'data'] },
  { id: 'infrastructure', name: 'Infrastructure', generic: 'infrastructure', categories: ['proxy', 'observability', 'cloud-sdk', 'auth', 'infrastructure'] },
  { id: 'tools', name: 'Tools', generic: 'tool', categories: ['test-runner', 'bundler', 'dev-tooling', 'tool'] },
] as const;

export type QuadrantId = (typeof QUADRANTS)[number]['id'];

/** Inner to outer, as every radar draws them. */
export const RINGS: readonly Ring[] = MODEL_RINGS;

/** The quadrant of a catalog category; a category no quadrant names (a policy's own, `other`) is a tool. */
export function quadrantOf(category: string): QuadrantId {
  for (const q of QUADRANTS) if ((q.categories as readonly string[]).includes(category)) return q.id;
  return 'tools';
}

/** The category a quadrant stands for when a radar entry brings only its quadrant (an import): its generic one. */
export function categoryOfQuadrant(quadrant: QuadrantId): string {
  return QUADRANTS.find((q) => q.id === quadrant)!.generic;
}

/** Zalando's own ring colours, inner to outer (Backstage's sample data uses the same). */
export const RING_COLORS: Record<Ring, string> = { adopt: '#5ba300', trial: '#009eb0', assess: '#c7ba00', hold: '#e09b96' };
