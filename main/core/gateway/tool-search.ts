import MiniSearch from 'minisearch';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Catalog, Route } from './catalog.js';
import { analyze, term, words } from './tool-query.js';

/** One published tool as the index knows it. */
interface ToolDoc {
  /** The published name (what hub__call_tool takes). */
  id: string;
  server: string;
  name: string;
  title: string;
  description: string;
  args: string;
}

export interface ToolMatch {
  route: Route & { tool: Tool };
  score: number;
}

/** How much a match in each field counts: the name says most about what a tool does; a server named, which. */
const FIELD_BOOSTS = { name: 3, title: 2, server: 3, description: 1, args: 0.7 };
/** How strongly the share of the query a tool matches scales its score. */
const COVERAGE_POWER = 1;
/** BM25 (minisearch's BM25+): term frequency saturation k, length normalization b, lower bound d. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

/**
 * A full-text index (BM25, minisearch) over the published tools: their names split into words
 * (`create_issue`, `createIssue` → create issue), titles, descriptions, and argument names with their
 * descriptions and allowed values. Rebuilt on the first search after the catalog changed, so a search
 * always sees the current tools.
 *
 * A query is read as concepts (tool-query.ts): its words without stop words, each with a few synonyms
 * and the compound it forms with a neighbour ("roll back" → rollback); values (paths, URLs, e-mail
 * addresses, numbers, quoted text) count for less, plus a hint of their kind. A tool's score is the sum
 * over concepts of its best BM25 score for the concept's terms (a synonym is not a second match), times
 * the share of the query's concepts it matches. Results are ranked by score, ties by name: the same
 * catalog gives the same answer.
 */
export class ToolSearch {
  private index: MiniSearch<ToolDoc> | undefined;
  private builtFor = -1;

  constructor(private readonly catalog: Catalog) {}

  /** The best matches among the tools `visible` lets through, at most `limit`. */
  search(query: string, limit: number, visible: (name: string) => boolean): ToolMatch[] {
    const index = this.current();
    const concepts = analyze(query);
    const totalWeight = concepts.reduce((n, c) => n + c.weight, 0);
    const options = { boost: FIELD_BOOSTS, bm25: BM25, tokenize: (t: string) => [t], processTerm: (t: string) => t, prefix: false, fuzzy: false } as const;
    const termScores = (t: string) => new Map(index.search(t, options).map((hit) => [hit.id as string, hit.score]));
    // A phrase ("pull request") matches the tools that have all its words, with their scores summed.
    const phraseScores = (phrase: string): Map<string, number> => {
      const [first = new Map<string, number>(), ...others] = phrase.split(' ').map(termScores);
      if (!others.length) return first;
      const out = new Map<string, number>();
      for (const [id, score] of first) {
        const more = others.map((o) => o.get(id));
        if (more.every((s) => s !== undefined)) out.set(id, more.reduce((sum: number, s) => sum + (s ?? 0), score));
      }
      return out;
    };
    const scores = new Map<string, { sum: number; covered: number }>();
    for (const concept of concepts) {
      const best = new Map<string, number>();
      for (const [t, w] of concept.terms) {
        for (const [id, score] of phraseScores(t)) {
          const s = score * w;
          if (s > (best.get(id) ?? 0)) best.set(id, s);
        }
      }
      for (const [id, s] of best) {
        const r = scores.get(id) ?? { sum: 0, covered: 0 };
        r.sum += s * concept.weight;
        r.covered += concept.weight;
        scores.set(id, r);
      }
    }
    const ranked = [...scores]
      .filter(([id]) => visible(id))
      .map(([id, r]) => ({ id, score: r.sum * (r.covered / totalWeight) ** COVERAGE_POWER }))
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
    const out: ToolMatch[] = [];
    for (const hit of ranked) {
      const route = this.catalog.tool(hit.id);
      if (route) out.push({ route, score: hit.score });
      if (out.length >= limit) break;
    }
    return out;
  }

  private current(): MiniSearch<ToolDoc> {
    if (this.index && this.builtFor === this.catalog.version) return this.index;
    const index = new MiniSearch<ToolDoc>({
      fields: ['name', 'title', 'server', 'description', 'args'],
      storeFields: [],
      tokenize: words,
      processTerm: term,
    });
    index.addAll(
      this.catalog.tools.flatMap((tool) => {
        const route = this.catalog.tool(tool.name);
        return route ? [toDoc(route)] : [];
      }),
    );
    this.index = index;
    this.builtFor = this.catalog.version;
    return index;
  }
}

function toDoc(route: Route & { tool: Tool }): ToolDoc {
  const { tool } = route;
  const properties = (tool.inputSchema?.properties ?? {}) as Record<string, { description?: unknown; enum?: unknown }>;
  const args = Object.entries(properties)
    .map(([name, p]) => {
      const description = typeof p?.description === 'string' ? p.description : '';
      const values = Array.isArray(p?.enum) ? p.enum.filter((v) => typeof v === 'string').join(' ') : '';
      return `${name} ${description} ${values}`;
    })
    .join(' ');
  return {
    id: tool.name,
    server: route.server,
    name: route.original,
    title: tool.title ?? (tool.annotations?.title as string | undefined) ?? '',
    description: tool.description ?? '',
    args,
  };
}
