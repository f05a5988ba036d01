import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { parseModule } from '../../../analysis/ast/parse-module.js';
import { fileLooksLikeLambda, lambdaSignalsOf } from '../../../analysis/lambda-scope/file-signals.js';

function fileSignals(code: string, path = 'src/file.ts') {
  return lambdaSignalsOf(parseModule(code, path).program);
}

async function espreeSignals(code: string, sourceType: 'module' | 'script' = 'module') {
  const espree = await import('espree');
  const ast = espree.parse(code, { ecmaVersion: 'latest', sourceType, range: true, loc: true, comment: true });
  return lambdaSignalsOf(ast as unknown as TSESTree.Program);
}

describe('file signals', () => {
  it.each([
    ["import type { Handler } from 'aws-lambda';", 'aws-lambda types'],
    ["import type { Context } from '@types/aws-lambda';", '@types/aws-lambda'],
    ["import middy from '@middy/core';", 'middy core'],
    ["import httpErrorHandler from '@middy/http-error-handler';", 'a middy middleware'],
    ["import middy from 'middy';", 'legacy middy'],
    ["import { Logger } from '@aws-lambda-powertools/logger';", 'Powertools'],
    ["import serverless from 'serverless-http';", 'serverless-http'],
    ["import serverlessExpress from '@codegenie/serverless-express';", 'serverless-express'],
    ["const serverless = require('serverless-http');", 'require'],
    ["const { Logger } = require('@aws-lambda-powertools/logger').default;", 'require with member'],
    ["import lambda = require('aws-lambda');", 'TS import-equals'],
    ["export * from 'aws-lambda';", 're-export'],
    ["const { default: middy } = await import('@middy/core');", 'top-level dynamic import'],
    ['/// <reference types="aws-lambda" />\nexport {};', 'triple-slash types reference'],
    ['export const handler = async () => ({ statusCode: 200 });', 'export const handler'],
    ['export async function handler() {}', 'export function handler'],
    ['const run = () => 1;\nexport { run as handler };', 'export specifier renamed to handler'],
    ['export const lambdaHandler = () => 1;', 'lambdaHandler'],
    ['export const main = async (event) => event;', 'SST-style main(event)'],
    ['export const createUserHandler = async (event: unknown) => event;', '...Handler(event)'],
    ['export async function hello(event, context) { return event; }', 'any name taking (event, context)'],
    ['async function hello(_event, _context) {}\nexport { hello };', 'exported later'],
    ['export default async function (event, context) { return event; }', 'default export taking (event, context)'],
  ])('%s counts (%s)', (code) => {
    expect(fileLooksLikeLambda(fileSignals(code))).toBe(true);
  });

  it.each([
    ["import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();", 'a Prisma module'],
    ['export const errorHandler = (err, req, res, next) => next(err);', 'Express error handler'],
    ['export function requestHandler(req, res) {}', 'Express request handler'],
    ['export default function handler(req, res) { res.json({}) }', 'Next.js pages API route'],
    ['const handler = NextAuth({});\nexport { handler as GET, handler as POST };', 'NextAuth route handler'],
    ['export function onClick(event) {}', 'a UI event callback'],
    ['export const main = () => 1;', 'main without an event'],
    ['const handler = () => 1;', 'handler not exported'],
    ["import { handler } from './lambda';\nhandler();", 'handler imported, not exported'],
    ['/// <reference types="node" />\nexport {};', 'other types reference'],
    ["// import type { Handler } from 'aws-lambda';\nexport {};", 'commented-out import'],
  ])('%s does not count (%s)', (code) => {
    expect(fileLooksLikeLambda(fileSignals(code))).toBe(false);
  });

  it.each([
    ["const serverless = require('serverless-http');\nmodule.exports.handler = serverless(app);", true],
    ['exports.handler = async function (event) { return event; };', true],
    ["exports['handler'] = async () => 1;", true],
    ['module.exports = { handler };', true],
    ['async function hello(event, context) {}\nmodule.exports = { hello };', true],
    ['module.exports = async (event, context) => event;', true],
    ['module.exports = { errorHandler };', false],
    ['exports.run = (req, res) => {};', false],
  ])('CommonJS on espree: %s -> %s', async (code, expected) => {
    expect(fileLooksLikeLambda(await espreeSignals(code, 'script'))).toBe(expected);
  });

  it('reads ESM on espree too', async () => {
    expect(fileLooksLikeLambda(await espreeSignals("import middy from '@middy/core';\nexport const main = middy(run);"))).toBe(true);
  });
});
