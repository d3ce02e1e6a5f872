"""In-process fakes of external services (RapidAPI) for tests, benchmarks and the offline demo."""
