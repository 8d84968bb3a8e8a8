import {
  assign,
  AssignInput,
  explainCandidate,
  explainUnmatched,
  plan,
  rank,
  RankInput,
  type Locale,
  type RankResult,
} from '../../scoring/index.js';
import { parseDocument, readInput } from './input.js';

export interface MatchOptions {
  input: string;
  locale: Locale;
  today: string;
  progress?: (done: number, total: number) => void;
}

/** `tandem rank|assign|plan`: one JSON document in, one out, as ../shared/spec/match-cli.md defines. */
export async function runMatch(command: 'rank' | 'assign' | 'plan', options: MatchOptions): Promise<object> {
  const t0 = performance.now();
  const text = await readInput(options.input);
  if (command === 'assign') {
    const input = parseDocument(text, AssignInput);
    const result = assign(input);
    return {
      ...result,
      stats: {
        volunteers: input.volunteers.length,
        beneficiaries: input.beneficiaries.length,
        edges: input.edges.length,
        elapsedMs: elapsed(t0),
      },
    };
  }
  const input = parseDocument(text, RankInput);
  const rankOptions = { today: options.today, onProgress: options.progress };
  const result = command === 'plan' ? plan(input, rankOptions) : rank(input, rankOptions);
  const { candidates, unmatched, feasiblePairs, ...assignment } = withExplanations(result, input, options.locale);
  return {
    candidates,
    ...assignment,
    unmatched,
    stats: {
      volunteers: input.volunteers.length,
      beneficiaries: input.beneficiaries.length,
      feasiblePairs,
      elapsedMs: elapsed(t0),
    },
  };
}

function withExplanations<R extends RankResult>(result: R, input: RankInput, locale: Locale): R {
  const needs = new Map(input.beneficiaries.map((b) => [b.id, b.needs]));
  for (const c of result.candidates) c.explanation = explainCandidate(c, needs.get(c.beneficiaryId)!, locale);
  for (const u of result.unmatched) u.explanation = explainUnmatched(u, locale);
  return result;
}

function elapsed(t0: number): number {
  return Math.round(performance.now() - t0);
}
