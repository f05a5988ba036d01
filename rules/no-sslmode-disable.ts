import {
  dotenvSslModeFindings,
  sslModeFindings,
  type SslModeMessageId,
  type SslModeSuggestionId,
} from '../analysis/connection-settings/index.js';
import { createRule } from './util/create-rule.js';
import { connectionAnalysisOf, findingLocation, findingSuggestions } from './util/connection-findings.js';

export interface NoSslmodeDisableOptions {
  localHosts?: string[];
}

export default createRule<[NoSslmodeDisableOptions], SslModeMessageId | SslModeSuggestionId>({
  name: 'no-sslmode-disable',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow turning TLS off (`sslmode=disable`, `ssl: false`) for a database that is not on the local machine',
      recommended: true,
    },
    hasSuggestions: true,
    defaultOptions: [{ localHosts: [] }],
    schema: [
      {
        type: 'object',
        properties: {
          localHosts: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description: 'More host names to treat as local, e.g. a docker-compose or CI service name (`db`, `postgres`).',
          },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      sslModeDisable: '`sslmode=disable` sends the password and every query in clear text to {{host}}. Use `sslmode=require` or stronger.',
      sslFalse: '`ssl: false` sends the password and every query in clear text to {{host}}. Turn TLS on.',
      useSslModeRequire: 'Use `sslmode=require`.',
      useSslTrue: 'Use `ssl: true` (pg then verifies the server certificate: on Lambda, trust the RDS CA with NODE_EXTRA_CA_CERTS).',
    },
  },
  defaultOptions: [{ localHosts: [] }],
  // A `.env` line: every dotenv file, as every code file (TLS off leaks from a test database too).
  createForDotenv(context, sourceCode, [options]) {
    return {
      Document(document) {
        for (const finding of dotenvSslModeFindings(document, { localHosts: options.localHosts ?? [] })) {
          context.report({
            loc: findingLocation(sourceCode, finding),
            messageId: finding.messageId,
            data: finding.data,
            suggest: findingSuggestions(finding),
          });
        }
      },
    };
  },
  create(context, [options]) {
    return {
      'Program:exit'(program) {
        const analysis = connectionAnalysisOf(context, program);
        if (!analysis) return;
        for (const finding of sslModeFindings(analysis, { localHosts: options.localHosts ?? [] })) {
          context.report({
            loc: findingLocation(context.sourceCode, finding),
            messageId: finding.messageId,
            data: finding.data,
            suggest: findingSuggestions(finding),
          });
        }
      },
    };
  },
});
