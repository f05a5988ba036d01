import type { Construct } from 'constructs';
import { Function, type FunctionOptions, type Runtime } from '../aws-lambda';

export interface BundlingOptions {
  readonly minify?: boolean;
  readonly sourceMap?: boolean;
  readonly externalModules?: string[];
  readonly nodeModules?: string[];
  readonly format?: 'cjs' | 'esm';
  readonly commandHooks?: {
    beforeBundling(inputDir: string, outputDir: string): string[];
    beforeInstall(inputDir: string, outputDir: string): string[];
    afterBundling(inputDir: string, outputDir: string): string[];
  };
}

export interface NodejsFunctionProps extends FunctionOptions {
  readonly entry?: string;
  readonly handler?: string;
  readonly runtime?: Runtime;
  readonly depsLockFilePath?: string;
  readonly bundling?: BundlingOptions;
  readonly projectRoot?: string;
}

export declare class NodejsFunction extends Function {
  constructor(scope: Construct, id: string, props?: NodejsFunctionProps);
}
