"""After a run with REDIS_URL, the test Redis keeps nothing kombu would keep forever."""

import uuid

import redis

from tests.conftest import forget_test_bindings

SEP = b"\x06\x16"


def test_forget_test_bindings_removes_kombu_leftovers_of_test_workers_only(require_service):
    client = redis.Redis.from_url(require_service("REDIS_URL"))
    # A prefix of this test's own, so that no worker of a parallel test loses its queue.
    prefix = f"trackii-tidy-{uuid.uuid4().hex[:8]}-"
    queue, pidbox = f"{prefix}q", f"tidy-{uuid.uuid4().hex[:8]}.pidbox"
    kept = f"_kombu.binding.someone-else-{uuid.uuid4().hex[:8]}"
    try:
        client.sadd(f"_kombu.binding.{queue}", queue.encode() + SEP + SEP + queue.encode())
        client.sadd(f"_kombu.binding_permanent.{queue}", queue)
        client.sadd(f"_kombu.binding.{pidbox}", SEP + SEP + f"{prefix}w@host.{pidbox}".encode())
        client.zadd("_kombu.binding_deadlines", {pidbox: 1, f"reply.{pidbox}": 1})
        client.sadd(kept, b"someone-else")

        removed = forget_test_bindings(client, prefix=prefix)

        assert removed == 5
        assert not client.exists(
            f"_kombu.binding.{queue}",
            f"_kombu.binding_permanent.{queue}",
            f"_kombu.binding.{pidbox}",
        )
        assert client.zscore("_kombu.binding_deadlines", pidbox) is None
        assert client.exists(kept)
    finally:
        client.delete(kept, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
        client.delete(f"_kombu.binding.{pidbox}")
        client.zrem("_kombu.binding_deadlines", pidbox, f"reply.{pidbox}")
        client.close()
