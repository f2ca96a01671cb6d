"""The Redis cache backend, with one client per connection pool instead of one per call.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` for every cache operation;
its constructor fills a table of ~170 response callbacks, which costs more than the round trip
to a local Redis. A client is thread-safe and only borrows connections from its pool, so one
per pool serves every call (Django's cache objects are per thread anyway).
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client


class LaboRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def redis_client(self):
        """The Redis client itself, for what the cache API has no verb for (counters' hashes:
        labo.core.counters). Keys must go through `make_key`."""
        return self._cache.get_client(write=True)
