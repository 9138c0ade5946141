-- Two users (passwords "alice-pw" and "bob-pw", hashed with a low pbkdf2 count to keep
-- the tests fast) and one post by alice.
INSERT INTO user (username, password)
VALUES
  ('alice', 'pbkdf2:sha256:1000$I4eNSdt2sUXuTGYD$ef36c5ba6376d8984f88e5678bf13a844baa3c474fbac1a29e36ae37ec7bc5f3'),
  ('bob', 'pbkdf2:sha256:1000$MdOe6ClH6jTwrOrx$c475e432eae04057bc5c71b13829ba093e2d85bb5e85eb8daca42d3aa6d52f5a');

INSERT INTO post (title, body, author_id, created)
VALUES
  ('first post', 'hello from alice', 1, '2024-03-01 09:30:00');
