export interface Context {
  callbackWaitsForEmptyEventLoop: boolean;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  getRemainingTimeInMillis(): number;
}

export type Callback<TResult = any> = (error?: Error | string | null, result?: TResult) => void;

export type Handler<TEvent = any, TResult = any> = (event: TEvent, context: Context, callback: Callback<TResult>) => void | Promise<TResult>;

export interface APIGatewayProxyEventHeaders {
  [name: string]: string | undefined;
}

export interface APIGatewayProxyEventQueryStringParameters {
  [name: string]: string | undefined;
}

export interface APIGatewayProxyEventPathParameters {
  [name: string]: string | undefined;
}

export interface APIGatewayEventRequestContextV2 {
  accountId: string;
  apiId: string;
  domainName: string;
  domainPrefix: string;
  http: {
    method: string;
    path: string;
    protocol: string;
    sourceIp: string;
    userAgent: string;
  };
  requestId: string;
  routeKey: string;
  stage: string;
  time: string;
  timeEpoch: number;
}

export interface APIGatewayProxyEventV2 {
  version: string;
  routeKey: string;
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  headers: APIGatewayProxyEventHeaders;
  queryStringParameters?: APIGatewayProxyEventQueryStringParameters;
  requestContext: APIGatewayEventRequestContextV2;
  body?: string;
  pathParameters?: APIGatewayProxyEventPathParameters;
  isBase64Encoded: boolean;
}

export interface APIGatewayProxyStructuredResultV2 {
  statusCode?: number;
  headers?: { [header: string]: boolean | number | string };
  body?: string;
  isBase64Encoded?: boolean;
  cookies?: string[];
}

export type APIGatewayProxyResultV2<T = never> = APIGatewayProxyStructuredResultV2 | string | T;

export type APIGatewayProxyHandlerV2<T = never> = Handler<APIGatewayProxyEventV2, APIGatewayProxyResultV2<T>>;

export interface ScheduledEvent<TDetail = any> {
  version: string;
  id: string;
  'detail-type': 'Scheduled Event';
  source: 'aws.events';
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: TDetail;
}

export type ScheduledHandler<TDetail = any> = Handler<ScheduledEvent<TDetail>, void>;
