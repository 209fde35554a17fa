// Residents' feedback (migration 0011), beside the model in schema.ts.
import type { Generated } from 'kysely';

/** A resident's message, anonymous (migration 0011); the tracking code only as its hash. */
export interface FeedbackTable {
  id: Generated<number>;
  code_hash: string;
  scope_type: 'project' | 'batch' | 'building';
  scope_id: number;
  kind: 'question' | 'suggestion' | 'complaint';
  category: 'delay' | 'quality' | 'allowance' | 'allocation' | 'certificate' | 'other';
  body: string;
  body_hash: string;
  status: 'received' | 'acknowledged' | 'answered' | 'closed';
  received_at: string;
  acknowledged_at: string | null;
  answered_at: string | null;
  closed_at: string | null;
  answer: string | null;
  close_reason: string | null;
  published: Generated<number>;
}

/** One resident's satisfaction with a batch whose keys were handed over, 1 to 5. */
export interface SatisfactionRatingsTable {
  id: Generated<number>;
  batch_id: number;
  score: number;
  rated_at: string;
}

/** Each district's counter of residents' feedback (migration 0011), part of the cached pages' keys. */
export interface FeedbackVersionsTable {
  district_id: number;
  version: number;
}
