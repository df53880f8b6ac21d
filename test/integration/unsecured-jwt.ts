/** An unsecured JWT (alg none, empty signature) as Kafka's default OAUTHBEARER validator accepts. */
export function unsecuredJwt(subject: string, lifetimeSeconds = 3600): string {
  const now = Math.floor(Date.now() / 1000);
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none' })}.${part({ sub: subject, iat: now, exp: now + lifetimeSeconds })}.`;
}
