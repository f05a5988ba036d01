import type { SecretValue } from '../index';
import type { IConstruct } from 'constructs';

export interface ISecret extends IConstruct {
  readonly secretArn: string;
  readonly secretName: string;
  readonly secretValue: SecretValue;
  secretValueFromJson(key: string): SecretValue;
}
