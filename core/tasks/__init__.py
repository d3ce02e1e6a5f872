"""Heavy work as tasks (40-jobs-delivery WRK-1..WRK-7): one task runner, two transports.

- `dispatch.run_units` — what a job body calls: inline without AMQP_URL, RabbitMQ with it.
- `message` — the WRK-3 message; `kinds` — task types and their unit functions.
- `execute.execute_task` — one task, for both transports; `store` — the `job_task` rows.
- `amqp` — queues and publishing; `worker.TaskWorker` — the consumer of `cicero worker`.
"""
