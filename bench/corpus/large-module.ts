/**
 * A hand-written-looking Lambda module grown to a given size (issue 13, item 4): one Prisma
 * client, then handler after handler with ordinary line lengths, one `DATABASE_URL` log in
 * each, so the rules, a transform and the diff all have work spread over the whole file. Not
 * minified, not marked generated: a file under the size cap that every rule and the CLI read.
 */
export function largeLambdaModule(characters: number): string {
  let text = `import { PrismaClient } from '@prisma/client';
import type { APIGatewayProxyHandler } from 'aws-lambda';

const prisma = new PrismaClient();

`;
  for (let index = 0; text.length < characters; index += 1) {
    text += `/** Lists the orders of customer ${index}, newest first. */
export const listOrders${index}: APIGatewayProxyHandler = async (event) => {
  const customerId = event.pathParameters?.id ?? 'unknown-${index}';
  const limit = Number(event.queryStringParameters?.limit ?? ${10 + (index % 40)});
  console.log('database', process.env.DATABASE_URL);
  const orders = await prisma.order.findMany({
    where: { customerId, status: { in: ['open', 'paid'] } },
    orderBy: { createdAt: 'desc' },
    take: limit,
  });
  if (orders.length === 0) {
    return { statusCode: 404, body: JSON.stringify({ message: \`no orders for \${customerId}\` }) };
  }
  const total = orders.reduce((sum, order) => sum + order.amount, 0);
  return { statusCode: 200, body: JSON.stringify({ orders, total, page: ${index} }) };
};

`;
  }
  return text;
}
