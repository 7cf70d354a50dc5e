package com.pharmacyops.order;

import static com.pharmacyops.order.OrderRows.ORDER_COLUMNS;

import java.util.ArrayList;
import java.util.List;

import com.pharmacyops.order.OrderRows.Item;
import com.pharmacyops.order.OrderRows.Order;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

/** The statement that creates an order, and what it answers. */
final class OrderSql {

    private OrderSql() {
    }

    /**
     * One statement: the lines joined with their medicines, the store, and — only if the store is active and every
     * medicine exists and is active — the order (numbered from {@link OrderNumbers}), its lines and its audit
     * event (written here, not through AuditLog, so that the whole create is this one statement, sent with BEGIN
     * and COMMIT in one round trip). It answers a row per line whatever happened, so the caller can tell which
     * check failed; when one did, it wrote nothing. Parameters: store, actor, customer name, customer phone,
     * medicine ids, quantities, prescription reference, number.
     */
    static final String INSERT = """
            WITH l AS (SELECT * FROM unnest($5::bigint[], $6::int[]) WITH ORDINALITY AS l(medicine_id, quantity, ord)),
            m AS (SELECT l.ord, l.medicine_id, l.quantity, md.sku, md.name, md.prescription_required, md.active
                  FROM l LEFT JOIN medicines md ON md.id = l.medicine_id),
            s AS (SELECT id, code, active FROM stores WHERE id = $1),
            ok AS (SELECT s.id, s.code FROM s WHERE s.active AND NOT EXISTS (SELECT 1 FROM m WHERE m.active IS NOT TRUE)),
            o AS (INSERT INTO orders (store_id, order_number, status, customer_name, customer_phone,
                      prescription_reference, version, created_at, updated_at, created_by, updated_by)
                  SELECT ok.id, ok.code || '-' || lpad($8::bigint::text, greatest(6, length($8::bigint::text)), '0'),
                      'CREATED', $3::varchar, $4::varchar, $7::varchar, 0, now(), now(), $2::varchar, $2::varchar
                  FROM ok
                  RETURNING *),
            i AS (INSERT INTO order_items (order_id, store_id, medicine_id, quantity, created_at, updated_at, created_by,
                      updated_by)
                  SELECT o.id, o.store_id, m.medicine_id, m.quantity, now(), now(), $2::varchar, $2::varchar
                  FROM o, m ORDER BY m.ord
                  RETURNING id, medicine_id),
            a AS (INSERT INTO audit_events (actor, action, entity_type, entity_id, store_id, occurred_at, changes,
                      created_at, updated_at, created_by, updated_by)
                  SELECT $2::varchar, 'CREATE', 'ORDER', o.id::text, o.store_id, now(),
                      jsonb_build_object('orderNumber', o.order_number, 'status', o.status,
                          'customerName', o.customer_name, 'customerPhone', o.customer_phone,
                          'prescriptionReference', o.prescription_reference, 'total', o.total,
                          'items', (SELECT jsonb_agg(jsonb_build_object('medicineId', l.medicine_id,
                              'quantity', l.quantity) ORDER BY l.ord) FROM l)),
                      now(), now(), $2::varchar, $2::varchar
                  FROM o)
            SELECT m.medicine_id, m.quantity, m.sku, m.name, m.prescription_required, m.active, s.id IS NOT NULL,
                coalesce(s.active, FALSE), i.id,\s""" + ORDER_COLUMNS + """

            FROM m LEFT JOIN s ON TRUE LEFT JOIN o ON TRUE LEFT JOIN i ON i.medicine_id = m.medicine_id
            ORDER BY m.ord""";

    /** A line as the statement saw it: its medicine (null fields when there is none). */
    record Line(long medicineId, int quantity, String sku, String name, Boolean prescriptionRequired,
            Boolean active) {
    }

    /** What the statement did: the store and lines it checked, and the order and items if it wrote them. */
    record Inserted(boolean storeFound, boolean storeActive, List<Line> lines, Order order, List<Item> items) {
    }

    static Inserted inserted(RowSet<Row> rows) {
        List<Line> lines = new ArrayList<>(rows.size());
        List<Item> items = new ArrayList<>(rows.size());
        boolean storeFound = false;
        boolean storeActive = false;
        Order order = null;
        for (Row r : rows) {
            Line line = new Line(r.getLong(0), r.getInteger(1), r.getString(2), r.getString(3), r.getBoolean(4),
                    r.getBoolean(5));
            lines.add(line);
            storeFound = r.getBoolean(6);
            storeActive = r.getBoolean(7);
            if (r.getLong(9) != null) {
                order = OrderRows.order(r, 9);
                items.add(new Item(r.getLong(8), order.id(), line.medicineId(), line.quantity(), line.name(),
                        line.prescriptionRequired()));
            }
        }
        return new Inserted(storeFound, storeActive, lines, order, items);
    }
}
