"""`python -m benchmarks`: every benchmark, one table each, results in benchmarks/results.json."""

from benchmarks import (
    bench_corpus,
    bench_first_visit,
    bench_languages,
    bench_load,
    bench_ray,
    bench_segment,
    bench_server,
    bench_tokenizer_load,
    bench_vocab_sweep,
)

bench_load.main()
bench_tokenizer_load.main([])
bench_segment.main()
bench_corpus.main()
bench_vocab_sweep.main()
bench_languages.main()
bench_server.main()
bench_first_visit.main()
bench_ray.main()
