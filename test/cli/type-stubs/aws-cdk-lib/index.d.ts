import { Construct } from 'constructs';

export declare class Duration {
  static millis(amount: number): Duration;
  static seconds(amount: number): Duration;
  static minutes(amount: number): Duration;
  static hours(amount: number): Duration;
  static days(amount: number): Duration;
  toSeconds(): number;
  toMinutes(): number;
}

export declare enum RemovalPolicy {
  DESTROY = 'destroy',
  RETAIN = 'retain',
  SNAPSHOT = 'snapshot',
  RETAIN_ON_UPDATE_OR_DELETE = 'retain-on-update-or-delete',
}

export declare class SecretValue {
  static unsafePlainText(secret: string): SecretValue;
  unsafeUnwrap(): string;
  toString(): string;
}

export interface Environment {
  readonly account?: string;
  readonly region?: string;
}

export interface StackProps {
  readonly env?: Environment;
  readonly stackName?: string;
  readonly description?: string;
  readonly tags?: { [key: string]: string };
  readonly terminationProtection?: boolean;
}

export declare class Stack extends Construct {
  static of(construct: Construct): Stack;
  readonly account: string;
  readonly region: string;
  readonly stackName: string;
  constructor(scope?: Construct, id?: string, props?: StackProps);
}

export interface StageProps {
  readonly env?: Environment;
  readonly outdir?: string;
}

export declare class Stage extends Construct {
  constructor(scope: Construct, id: string, props?: StageProps);
}

export interface AppProps {
  readonly outdir?: string;
  readonly context?: { [key: string]: any };
}

export declare class App extends Stage {
  constructor(props?: AppProps);
  synth(): unknown;
}

export declare abstract class Resource extends Construct {}
