// What the consistency checks can say about published figures. `severity` is fixed per code so
// views can colour a finding without knowing every code.

/** A closed interval of plausible values; `max` may be Infinity ("0 %" implies no upper bound). */
export interface Interval {
  min: number;
  max: number;
}

export type RateField = 'startRate' | 'deliveryRate' | 'returnRate';

export type CumulativeField =
  | 'startedAreaM2'
  | 'deliveredAreaM2'
  | 'peopleReturned'
  | 'householdsReturned';

/** A quantity given both by the itemised buildings and by a reported aggregate. */
export type ItemisedField = 'plannedAreaM2' | 'startedAreaM2' | 'deliveredAreaM2';

interface ItemisedCheck {
  field: ItemisedField;
  itemised: number;
  reported: number;
  /** The report's date: the itemised figure is taken as of that day. */
  reportAsOf: string;
}

interface RateCheck {
  field: RateField;
  computed: number;
  published: number;
  /** What the published (rounded) rate stands for. */
  interval: Interval;
}

interface CumulativeChange {
  field: CumulativeField;
  fromReportId: number;
  toReportId: number;
  from: number;
  to: number;
}

export type ConsistencyFinding =
  | ({ code: 'rate_matches'; severity: 'ok' } & RateCheck)
  | ({ code: 'rate_mismatch'; severity: 'warning' } & RateCheck)
  | {
      code: 'denominators_agree';
      severity: 'ok';
      fields: ['startRate', 'deliveryRate'];
      /** The overlap: where the planned area must lie for both published rates to be right. */
      min: number;
      max: number;
    }
  | {
      code: 'denominators_disagree';
      severity: 'warning';
      fields: ['startRate', 'deliveryRate'];
      /** One implied planned-area interval per field, in the order of `fields`. */
      intervals: [Interval, Interval];
    }
  | {
      code: 'implied_denominator';
      severity: 'ok';
      field: RateField;
      /** Which denominator the interval is for. */
      denominator: 'plannedAreaM2' | 'peopleEntitled' | 'householdsEntitled';
      min: number;
      max: number;
    }
  | { code: 'started_exceeds_planned'; severity: 'warning'; started: number; planned: number }
  | { code: 'delivered_exceeds_started'; severity: 'warning'; delivered: number; started: number }
  | {
      code: 'returned_exceeds_entitled';
      severity: 'warning';
      unit: 'people' | 'households';
      returned: number;
      entitled: number;
    }
  | ({ code: 'itemised_agrees'; severity: 'ok' } & ItemisedCheck)
  | ({ code: 'itemised_differs'; severity: 'warning' } & ItemisedCheck)
  | ({ code: 'cumulative_fell'; severity: 'warning' } & CumulativeChange)
  | ({ code: 'correction'; severity: 'ok' } & CumulativeChange);

export type ConsistencyCode = ConsistencyFinding['code'];
