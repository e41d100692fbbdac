-- 3,000 realistic clients, deterministic. Deliberately bad rows: every 487th has no last name, every 491st an
-- invalid e-mail address (two @). Change times spread over the two days before now.
INSERT INTO client (client_id, first_name, last_name, email, gender, phone, street, city, state, postal_code,
    country, birth_date, status, updated_at)
SELECT 'C-' || LPAD(CAST(X AS VARCHAR), 7, '0'),
  ARRAY['Ada','Alan','Grace','Katherine','Linus','Mary','Dorothy','Edsger','Barbara','Donald','Frances','John',
        'Radia','Tim','Margaret','Ken','Hedy','Claude'][1 + MOD(X, 18)],
  CASE WHEN MOD(X, 487) = 0 THEN NULL ELSE
  ARRAY['Lovelace','Turing','Hopper','Johnson','Pauling','Jackson','Vaughan','Dijkstra','Liskov','Knuth','Allen',
        'Backus','Perlman','Berners-Lee','Hamilton','Thompson','Lamarr','Shannon','O''Neil','García'][1 + MOD(X * 7, 20)] END,
  CASE WHEN MOD(X, 491) = 0 THEN 'client' || X || '@@example.com' ELSE 'client' || X || '@example.com' END,
  ARRAY['Female','Male','Non-binary','Not declared'][1 + MOD(X * 3, 4)],
  CASE WHEN MOD(X, 10) = 0 THEN NULL ELSE '+44 7700 ' || LPAD(CAST(MOD(X * 7919, 1000000) AS VARCHAR), 6, '0') END,
  (1 + MOD(X, 200)) || CASE WHEN MOD(X, 2) = 0 THEN ' High Street' ELSE ' Rue de la Paix' END,
  ARRAY['London','Wilmslow','Arlington','Hampton','Portland','Zürich','Paris','Lyon','Boston','Austin'][1 + MOD(X * 11, 10)],
  CASE WHEN MOD(X, 3) = 0 THEN 'VA' ELSE NULL END,
  LPAD(CAST(MOD(X * 104729, 100000) AS VARCHAR), 5, '0'),
  CASE WHEN MOD(X, 2) = 0 THEN 'United Kingdom' ELSE 'United States' END,
  DATEADD('DAY', MOD(X * 37, 23000), DATE '1940-01-01'),
  'ACTIVE',
  DATEADD('SECOND', X * 50, DATEADD('DAY', -2, CURRENT_TIMESTAMP))
FROM SYSTEM_RANGE(1, 3000);
