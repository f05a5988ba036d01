import { describe, expect, it } from 'vitest';
import {
  isEventAndContext,
  isEventParameterName,
  isHandlerExportName,
  isHandlerShapedExport,
} from '../../../analysis/lambda-scope/handler-shape.js';

describe('handler shape', () => {
  it('needs an event first', () => {
    expect(isHandlerShapedExport({ name: 'mainHandler', parameterNames: [undefined] })).toBe(false);
    expect(isHandlerShapedExport({ name: 'x', parameterNames: ['event'] })).toBe(false);
    expect(isHandlerShapedExport({ name: 'x', parameterNames: ['evt', 'ctx'] })).toBe(true);
  });

  it('knows the export names Lambda is pointed at', () => {
    expect(isHandlerExportName('handler')).toBe(true);
    expect(isHandlerExportName('lambdaHandler')).toBe(true);
    expect(isHandlerExportName('main')).toBe(false);
    expect(isHandlerExportName('Handler')).toBe(false);
  });
});

describe('(event, context): the one handler-parameter pattern', () => {
  it.each([
    [['event', 'context'], true],
    [['_event', '_context'], true],
    [['__evt', 'ctx'], true],
    [['lambdaEvent', 'lambdaContext'], true],
    [['event', 'context', 'callback'], true],
    [['event'], false],
    [['req', 'res'], false],
    [['event', 'res'], false],
    [['eventName', 'context'], false],
    [[undefined, 'context'], false],
    [['event', undefined], false],
    [[], false],
  ] as const)('%j -> %s', (names, expected) => {
    expect(isEventAndContext(names)).toBe(expected);
  });

  it('names the event parameter alone', () => {
    expect(isEventParameterName('evt')).toBe(true);
    expect(isEventParameterName('events')).toBe(false);
    expect(isEventParameterName(undefined)).toBe(false);
  });
});
