"""The M/M/c queue of `interleave bench --requests`, in SimPy.

Reads the requests Interleave drew (a line each: arrival and service time, in ticks)
and runs the very same requests through c servers, first come first served. Prints
one JSON object: the wall time of the fastest of three runs, and the mean latency.

    python mmc.py DRAWS CORES
"""

import json
import sys
import time

import simpy


def run(requests, cores):
    """One run: the mean latency (completion - arrival) over every request."""
    env = simpy.Environment()
    servers = simpy.Resource(env, capacity=cores)
    total = [0]

    def request(arrival, service):
        with servers.request() as turn:
            yield turn
            yield env.timeout(service)
        total[0] += env.now - arrival

    def source():
        for arrival, service in requests:
            yield env.timeout(arrival - env.now)
            env.process(request(arrival, service))

    env.process(source())
    env.run()
    return total[0] / len(requests)


def main():
    path, cores = sys.argv[1], int(sys.argv[2])
    with open(path) as f:
        requests = [tuple(int(x) for x in line.split()) for line in f if line.strip()]
    best, mean = float("inf"), None
    for _ in range(3):
        start = time.perf_counter()
        mean = run(requests, cores)
        best = min(best, time.perf_counter() - start)
    print(json.dumps({
        "simpy": simpy.__version__,
        "requests": len(requests),
        "seconds": best,
        "mean_latency": mean,
    }))


if __name__ == "__main__":
    main()
