-- Open message subscriptions (receive tasks, message catch and boundary events), kept equal to
-- the instance state on every commit, so correlation finds the waiting instance by index.
CREATE TABLE message_subscriptions (
    instance_id  TEXT   NOT NULL REFERENCES process_instances (instance_id) ON DELETE CASCADE,
    subscription BIGINT NOT NULL,
    message      TEXT   NOT NULL,
    node         TEXT   NOT NULL,
    PRIMARY KEY (instance_id, subscription)
);

CREATE INDEX message_subscriptions_message ON message_subscriptions (message);
