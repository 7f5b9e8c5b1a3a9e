import net from 'node:net';

// Tests talk to this machine only: any connection elsewhere fails the test that makes it.
const original = net.Socket.prototype.connect;
net.Socket.prototype.connect = function connect(this: net.Socket, ...args: unknown[]) {
  const first = args[0] as { host?: string; path?: string } | number | string;
  const host =
    typeof first === 'object' && first !== null
      ? first.host
      : typeof args[1] === 'string'
        ? args[1]
        : undefined;
  const isPath = typeof first === 'object' && first !== null && typeof first.path === 'string';
  if (!isPath && host && !/^(127\.\d+\.\d+\.\d+|localhost|::1|::ffff:127\.0\.0\.1)$/.test(host)) {
    throw new Error(`A test tried to reach the network (${host}); tests may only talk to this machine.`);
  }
  return (original as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;
