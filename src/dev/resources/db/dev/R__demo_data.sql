-- Dev profile only (quarkus.flyway.locations in %dev): a realistic demo chain.
-- Every demo user's password is: pharmacy-dev-pass
-- Stock enters through an opening receipt per store, so stock = sum of the ledger from the start.

INSERT INTO users (username, full_name, password_hash, role, active, created_at, updated_at, created_by, updated_by)
SELECT u.username, u.full_name, '$2a$10$lC9q8Sty9DwEJ/OJcMKEJuNwuD6vWm20RLhP7y6IK4yKJxZ7IOzK.', u.role, TRUE,
       now(), now(), 'demo', 'demo'
FROM (VALUES ('admin', 'Asha Admin', 'ADMIN'),
             ('auditor', 'Arun Auditor', 'AUDITOR'),
             ('manager', 'Meera Manager', 'STORE_MANAGER'),
             ('pharmacist', 'Pranav Pharmacist', 'PHARMACIST'),
             ('cashier', 'Chitra Cashier', 'CASHIER'),
             ('mumbai.manager', 'Mohan Manager', 'STORE_MANAGER'),
             ('mumbai.pharmacist', 'Maya Pharmacist', 'PHARMACIST')) AS u (username, full_name, role);

INSERT INTO stores (code, name, city, address, phone, manager_id, active, created_at, updated_at, created_by, updated_by)
SELECT s.code, s.name, s.city, s.address, s.phone, (SELECT id FROM users WHERE username = s.manager), s.active,
       now(), now(), 'demo', 'demo'
FROM (VALUES ('BLR-001', 'Indiranagar', 'Bengaluru', '100 Feet Road, Indiranagar', '+91 80 4000 1001', 'manager', TRUE),
             ('BLR-002', 'Koramangala', 'Bengaluru', '80 Feet Road, Koramangala', '+91 80 4000 1002', 'manager', TRUE),
             ('MUM-001', 'Bandra West', 'Mumbai', 'Hill Road, Bandra West', '+91 22 4000 2001', 'mumbai.manager', TRUE),
             ('DEL-001', 'Connaught Place', 'Delhi', 'Block A, Connaught Place', '+91 11 4000 3001', NULL, TRUE),
             ('DEL-002', 'Karol Bagh', 'Delhi', 'Ajmal Khan Road, Karol Bagh', '+91 11 4000 3002', NULL, FALSE))
     AS s (code, name, city, address, phone, manager, active);

INSERT INTO user_stores (user_id, store_id, created_at, updated_at, created_by, updated_by)
SELECT u.id, s.id, now(), now(), 'demo', 'demo'
FROM (VALUES ('manager', 'BLR-001'), ('manager', 'BLR-002'), ('pharmacist', 'BLR-001'), ('cashier', 'BLR-001'),
             ('mumbai.manager', 'MUM-001'), ('mumbai.pharmacist', 'MUM-001')) AS a (username, code)
JOIN users u ON u.username = a.username
JOIN stores s ON s.code = a.code;

INSERT INTO medicines (sku, name, generic_name, manufacturer, dosage_form, strength, pack_size,
                       prescription_required, reorder_level, active, created_at, updated_at, created_by, updated_by)
SELECT m.sku, m.name, m.generic, m.maker, m.form, m.strength, m.pack, m.rx, m.reorder, TRUE,
       now(), now(), 'demo', 'demo'
FROM (VALUES
    ('MED-0001', 'Dolo 650', 'Paracetamol', 'Micro Labs', 'TABLET', '650 mg', 15, FALSE, 100),
    ('MED-0002', 'Crocin Advance', 'Paracetamol', 'GSK', 'TABLET', '500 mg', 20, FALSE, 100),
    ('MED-0003', 'Calpol Syrup', 'Paracetamol', 'GSK', 'SYRUP', '120 mg/5 ml', 1, FALSE, 30),
    ('MED-0004', 'Brufen 400', 'Ibuprofen', 'Abbott', 'TABLET', '400 mg', 15, FALSE, 60),
    ('MED-0005', 'Combiflam', 'Ibuprofen + Paracetamol', 'Sanofi', 'TABLET', '400/325 mg', 20, FALSE, 80),
    ('MED-0006', 'Cetzine', 'Cetirizine', 'GSK', 'TABLET', '10 mg', 10, FALSE, 60),
    ('MED-0007', 'Allegra 120', 'Fexofenadine', 'Sanofi', 'TABLET', '120 mg', 10, FALSE, 40),
    ('MED-0008', 'Digene Gel', 'Antacid', 'Abbott', 'SUSPENSION', '200 ml', 1, FALSE, 30),
    ('MED-0009', 'Pan 40', 'Pantoprazole', 'Alkem', 'TABLET', '40 mg', 15, TRUE, 60),
    ('MED-0010', 'Omez 20', 'Omeprazole', 'Dr. Reddy''s', 'CAPSULE', '20 mg', 15, TRUE, 40),
    ('MED-0011', 'Augmentin 625 Duo', 'Amoxicillin + Clavulanic acid', 'GSK', 'TABLET', '625 mg', 10, TRUE, 40),
    ('MED-0012', 'Azithral 500', 'Azithromycin', 'Alembic', 'TABLET', '500 mg', 3, TRUE, 40),
    ('MED-0013', 'Ciplox 500', 'Ciprofloxacin', 'Cipla', 'TABLET', '500 mg', 10, TRUE, 30),
    ('MED-0014', 'Mox 500', 'Amoxicillin', 'Sun Pharma', 'CAPSULE', '500 mg', 10, TRUE, 30),
    ('MED-0015', 'Glycomet 500', 'Metformin', 'USV', 'TABLET', '500 mg', 20, TRUE, 80),
    ('MED-0016', 'Janumet 50/500', 'Sitagliptin + Metformin', 'MSD', 'TABLET', '50/500 mg', 15, TRUE, 30),
    ('MED-0017', 'Amlong 5', 'Amlodipine', 'Micro Labs', 'TABLET', '5 mg', 15, TRUE, 60),
    ('MED-0018', 'Telma 40', 'Telmisartan', 'Glenmark', 'TABLET', '40 mg', 15, TRUE, 60),
    ('MED-0019', 'Atorva 10', 'Atorvastatin', 'Zydus', 'TABLET', '10 mg', 15, TRUE, 60),
    ('MED-0020', 'Ecosprin 75', 'Aspirin', 'USV', 'TABLET', '75 mg', 14, FALSE, 60),
    ('MED-0021', 'Thyronorm 50', 'Levothyroxine', 'Abbott', 'TABLET', '50 mcg', 100, TRUE, 30),
    ('MED-0022', 'Montair LC', 'Montelukast + Levocetirizine', 'Cipla', 'TABLET', '10/5 mg', 10, TRUE, 40),
    ('MED-0023', 'Asthalin Inhaler', 'Salbutamol', 'Cipla', 'INHALER', '100 mcg', 1, TRUE, 20),
    ('MED-0024', 'Benadryl Cough', 'Diphenhydramine', 'Johnson & Johnson', 'SYRUP', '100 ml', 1, FALSE, 30),
    ('MED-0025', 'Vicks Action 500', 'Paracetamol + Phenylephrine', 'P&G', 'TABLET', '500 mg', 10, FALSE, 40),
    ('MED-0026', 'ORS Electral', 'Oral rehydration salts', 'FDC', 'POWDER', '21.8 g', 1, FALSE, 50),
    ('MED-0027', 'Becosules', 'Vitamin B complex', 'Pfizer', 'CAPSULE', 'multi', 20, FALSE, 60),
    ('MED-0028', 'Shelcal 500', 'Calcium + Vitamin D3', 'Torrent', 'TABLET', '500 mg', 15, FALSE, 60),
    ('MED-0029', 'Limcee', 'Vitamin C', 'Abbott', 'TABLET', '500 mg', 15, FALSE, 60),
    ('MED-0030', 'Neurobion Forte', 'Vitamin B1 B6 B12', 'P&G', 'TABLET', 'multi', 30, FALSE, 40),
    ('MED-0031', 'Betadine Ointment', 'Povidone iodine', 'Win-Medicare', 'OINTMENT', '5%', 1, FALSE, 20),
    ('MED-0032', 'Soframycin Cream', 'Framycetin', 'Sanofi', 'CREAM', '1%', 1, FALSE, 20),
    ('MED-0033', 'Otrivin Nasal', 'Xylometazoline', 'GSK', 'SPRAY', '0.1%', 1, FALSE, 20),
    ('MED-0034', 'Meftal Spas', 'Mefenamic acid + Dicyclomine', 'Blue Cross', 'TABLET', '250/10 mg', 10, TRUE, 30),
    ('MED-0035', 'Zerodol SP', 'Aceclofenac + Paracetamol + Serratiopeptidase', 'Ipca', 'TABLET', '100/325/15 mg', 10, TRUE, 30),
    ('MED-0036', 'Ondem 4', 'Ondansetron', 'Alkem', 'TABLET', '4 mg', 10, TRUE, 20),
    ('MED-0037', 'Lasix 40', 'Furosemide', 'Sanofi', 'TABLET', '40 mg', 15, TRUE, 20),
    ('MED-0038', 'Alprax 0.25', 'Alprazolam', 'Torrent', 'TABLET', '0.25 mg', 15, TRUE, 10),
    ('MED-0039', 'Volini Gel', 'Diclofenac', 'Sun Pharma', 'GEL', '30 g', 1, FALSE, 20),
    ('MED-0040', 'Liv 52', 'Herbal liver tonic', 'Himalaya', 'TABLET', 'multi', 100, FALSE, 20))
    AS m (sku, name, generic, maker, form, strength, pack, rx, reorder);

-- Three batches a medicine: expired, near expiry (3 weeks), long dated (over a year).
INSERT INTO batches (medicine_id, batch_number, expiry_date, mrp, manufactured_on, created_at, updated_at, created_by, updated_by)
SELECT m.id, b.prefix || lpad(m.id::text, 4, '0'), current_date + b.days,
       round((20 + (m.id * 7919 % 480))::numeric * b.price_factor, 2), current_date + b.days - 730,
       now(), now(), 'demo', 'demo'
FROM medicines m
CROSS JOIN (VALUES ('EXP', -30, 0.95), ('NEAR', 21, 1.00), ('LONG', 420, 1.05)) AS b (prefix, days, price_factor);

INSERT INTO stock_receipts (store_id, supplier, invoice_number, created_at, updated_at, created_by, updated_by)
SELECT id, 'Demo Distributors', 'OPEN-' || code, now(), now(), 'demo', 'demo' FROM stores;

-- Quantities vary by store and batch; a few long-dated batches stay below their reorder level.
INSERT INTO stock_receipt_items (receipt_id, store_id, batch_id, quantity, created_at, updated_at, created_by, updated_by)
SELECT r.id, r.store_id, b.id, 5 + ((b.id * 31 + r.store_id * 17) % 120), now(), now(), 'demo', 'demo'
FROM stock_receipts r CROSS JOIN batches b;

INSERT INTO stock (store_id, batch_id, medicine_id, quantity, created_at, updated_at, created_by, updated_by)
SELECT i.store_id, i.batch_id, b.medicine_id, i.quantity, now(), now(), 'demo', 'demo'
FROM stock_receipt_items i JOIN batches b ON b.id = i.batch_id;

INSERT INTO stock_movements (store_id, batch_id, medicine_id, quantity_delta, balance_after, reason, reference_type,
                             reference_id, actor, occurred_at, note, created_at, updated_at, created_by, updated_by)
SELECT i.store_id, i.batch_id, b.medicine_id, i.quantity, i.quantity, 'RECEIPT', 'RECEIPT', i.receipt_id, 'demo',
       now(), 'Opening stock', now(), now(), 'demo', 'demo'
FROM stock_receipt_items i JOIN batches b ON b.id = i.batch_id;
