import { describe, expect, test } from 'vitest';
import { section } from '../../bench/report';
import type { Scenario } from '../../bench/scenarios';
import { estimateRatio, lowerQuartileRatio, pairedRatio, quantile, summarize } from '../../bench/stats';
import { evaluateTargets } from '../../bench/targets';
import { quickPlan } from '../../bench/plan';

describe('bench estimators', () => {
  test('quartiles interpolate linearly between order statistics, whatever the order of the runs', () => {
    expect(quantile([4, 1, 3, 2], 0.25)).toBe(1.75);
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([4, 1, 3, 2], 0.75)).toBe(3.25);
    expect(quantile([7], 0.25)).toBe(7);
  });

  test('the spread of a summary is the interquartile range relative to the median', () => {
    const summary = summarize([10, 11, 12, 13, 30]);
    expect(summary).toMatchObject({ median: 12, q1: 11, q3: 13, min: 10, max: 30, n: 5 });
    expect(summary.spread).toBeCloseTo(2 / 12);
    expect(summarize([-1, 0, 0.5]).spread).toBeNaN();
  });

  test('paired ratios cancel a drift of the machine that moves client and baseline together', () => {
    const drift = [1, 1.5, 2, 2.5, 3, 3.5, 4];
    const baseline = drift.map((factor) => 10 * factor);
    const client = drift.map((factor) => 11 * factor);
    expect(pairedRatio(client, baseline)).toBeCloseTo(1.1);
  });

  test('the ratio of lower quartiles reads the undisturbed runs when interference hits different runs of each client', () => {
    // Undisturbed costs: baseline 10, client 11; a few runs of each took a hit, never the same ones.
    const baseline = [10, 10, 25, 10, 10, 10, 10, 30, 10, 10, 10];
    const client = [11, 26, 11, 11, 11, 33, 11, 11, 11, 29, 11];
    expect(lowerQuartileRatio(client, baseline)).toBeCloseTo(1.1);
    const estimate = estimateRatio(client, baseline);
    expect(estimate.q1).toBeCloseTo(1.1);
    // The disturbed pairs land in the per-run ratios (2.6, 0.44, 3.3, 0.37, 2.9): they spread them out.
    expect(estimate.pairedIqr[1]).toBeGreaterThan(estimate.pairedIqr[0]);
  });
});

describe('bench targets', () => {
  const streamScenario: Scenario = {
    id: 'stream-bulk',
    title: () => 'stream',
    primary: { key: 'cpuPerChunk', label: 'process CPU', unit: 'µs/chunk' },
    baseline: 'floor',
    runner: 'worker',
    compareWith: ['eventsource-parser'],
  };
  const sdk = 'deepseek-fetch core (dist)';

  function targetVsParser(parser: number[], client: number[]) {
    const floor = parser.map(() => 1);
    const result = section(streamScenario, quickPlan, { floor: { cpuPerChunk: floor }, 'eventsource-parser': { cpuPerChunk: parser }, [sdk]: { cpuPerChunk: client } }, ['floor', 'eventsource-parser', sdk]);
    return evaluateTargets([result]).find((target) => target.client === sdk && target.against === 'eventsource-parser');
  }

  test('the deepseek-fetch rows of a stream scenario are compared with eventsource-parser of the same run, on both estimators', () => {
    const target = targetVsParser([2, 2, 2, 2, 2], [2.1, 2.1, 2.1, 2.1, 2.1]);
    expect(target).toMatchObject({ section: 'stream-bulk', limit: 1.1, pass: true });
    expect(target!.value).toBeCloseTo(1.05);
    expect(target!.q1Value).toBeCloseTo(1.05);
  });

  test('a ratio target is missed when one estimator is within it and the other is not', () => {
    // Paired runs say ~1.0x, but the client's cheap runs are 1.5x the parser's cheap runs.
    const parser = [2, 2, 3, 3, 3];
    const client = [3, 3, 3, 3, 3];
    const target = targetVsParser(parser, client);
    expect(target!.value).toBeLessThanOrEqual(1.1);
    expect(target!.q1Value).toBeCloseTo(1.5);
    expect(target!.pass).toBe(false);
  });
});
