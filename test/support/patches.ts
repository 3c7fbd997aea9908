/**
 * A user patch of the examples' checkout Deployment that raises its cpu
 * limit above the request, so that the pod leaves QoS Guaranteed: what
 * render must refuse and validate --build must find.
 */
export const CHECKOUT_CPU_LIMIT_PATCH = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: checkout
          resources:
            limits:
              cpu: "2"
`;
