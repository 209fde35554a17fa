// A small in-memory model for testing computeSnapshotFigures without a database.
import type { Batch, Building, ModelSnapshot, Project, Report } from '../../src/domain/entities';
import type { Stage } from '../../src/domain/types';

export function emptySnapshot(): ModelSnapshot {
  return {
    districts: [{ id: 1, nameZh: '区', nameEn: null, isDemo: false }],
    villages: [{ id: 1, districtId: 1, subdistrictId: null, nameZh: '村', nameEn: null, householdsEntitled: null, peopleEntitled: null, demolitionDate: null, note: null, noteEn: null, isDemo: false, version: 1 }],
    projects: [], batches: [], buildings: [], milestones: [], reports: [], sources: [],
  };
}

export function project(id: number, over: Partial<Project> = {}): Project {
  return {
    id, villageId: 1, nameZh: `项目${id}`, nameEn: null, kind: 'resettlement', landAreaM2: null, plannedFloorAreaM2: null,
    investmentYuan: null, developer: null, constructionEntity: null, plannedStart: null, plannedCompletion: null,
    plannedCompletionPrecision: 'day', actualStart: null, actualCompletion: null, status: 'under_construction', halted: null, note: null, noteEn: null,
    sourceId: null, isDemo: false, version: 1, baselineCompletion: null, baselineCompletionPrecision: null, ...over,
  };
}

export function batch(id: number, projectId: number, over: Partial<Batch> = {}): Batch {
  return {
    id, projectId, sequence: id, nameZh: `第${id}批`, nameEn: null, targetDeliveryDate: null, targetPrecision: 'day',
    actualDeliveryDate: null, households: null, note: null, noteEn: null, version: 1, baselineTargetDate: null, baselineTargetPrecision: null, ...over,
  };
}

export function building(id: number, batchId: number, stage: Stage, floorAreaM2: number | null, stageDate: string | null = null): Building {
  return { id, batchId, seq: id, code: null, floors: null, floorAreaM2, dwellingUnits: null, stage, stageDate, version: 1 };
}

export function report(id: number, over: Partial<Report>): Report {
  return {
    id, scopeType: 'district', scopeId: 1, asOf: '2023-11-08', plannedAreaM2: null, startedAreaM2: null, deliveredAreaM2: null,
    householdsEntitled: null, householdsReturned: null, peopleEntitled: null, peopleReturned: null,
    publishedStartRate: null, publishedDeliveryRate: null, publishedReturnRate: null, sourceId: null, note: null,
    isCorrection: false, correctionReason: null, ...over,
  };
}
