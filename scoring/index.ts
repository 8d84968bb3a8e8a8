/** The scoring core: pure functions over plain data. No I/O, no clock, no environment. */
export * from './schema/index.js';
export { rank, ranking, Ranking, type RankOptions, type RankResult } from './rank.js';
export { assign, assignColumnar, chosenEdges } from './assign.js';
export { nearMisses, type NearMiss } from './near-misses.js';
export { plan, assignRanked, type PlanResult } from './plan.js';
export { solveMatching, type MatchingProblem, type MatchingStats } from './solver.js';
export { explainCandidate, explainUnmatched, languageName } from './explain.js';
export { LOCALES, type Locale } from './locale.js';
export { skillLabel, KNOWN_SKILLS } from './skills.js';
export { haversineKm, coarsen, EARTH_RADIUS_KM } from './geo.js';
export { weekAvailability, overlapMinutes, commonSlots, type WeekAvailability } from './availability.js';
export { SpatialIndex } from './spatial.js';
export {
  ageBand,
  householdBand,
  waitsByGroup,
  FAIRNESS_DIMENSIONS,
  FAIRNESS_FLAG_RATIO,
  FAIRNESS_MIN_GROUP,
  UNKNOWN_GROUP,
  type FairnessDimension,
  type FairnessGroups,
  type GroupWait,
  type WaitsByGroup,
} from './fairness.js';
