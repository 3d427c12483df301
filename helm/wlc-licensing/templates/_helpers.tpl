{{/* Chart name. */}}
{{- define "wlc-licensing.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified app name (63 characters at most: DNS label). */}}
{{- define "wlc-licensing.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "wlc-licensing.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every object. */}}
{{- define "wlc-licensing.labels" -}}
helm.sh/chart: {{ include "wlc-licensing.chart" . }}
{{ include "wlc-licensing.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: wlc-licensing
{{- end }}

{{/* Selector labels (stable across upgrades). */}}
{{- define "wlc-licensing.selectorLabels" -}}
app.kubernetes.io/name: {{ include "wlc-licensing.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "wlc-licensing.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "wlc-licensing.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "wlc-licensing.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{/* Paths inside the container. */}}
{{- define "wlc-licensing.configDir" -}}/etc/wlc-licensing/config{{- end }}
{{- define "wlc-licensing.inventoryDir" -}}/etc/wlc-licensing/inventory{{- end }}
{{- define "wlc-licensing.secretsDir" -}}/etc/wlc-licensing/secrets{{- end }}

{{/* The service's config JSON (service/config.h): chart-managed keys win over .Values.config. */}}
{{- define "wlc-licensing.config" -}}
{{- $secrets := include "wlc-licensing.secretsDir" . -}}
{{- $profiles := dict -}}
{{- range $name, $key := .Values.credentialsProfiles -}}
{{- $_ := set $profiles $name (printf "%s/%s" $secrets $key) -}}
{{- end -}}
{{- $cfg := dict
  "grpc_listen" (printf "0.0.0.0:%d" (int .Values.grpc.port))
  "metrics_listen" (printf "0.0.0.0:%d" (int .Values.metrics.port))
  "metrics_refresh_seconds" (int .Values.metrics.refreshSeconds)
  "inventory_file" (printf "%s/inventory.json" (include "wlc-licensing.inventoryDir" .))
  "credentials_profiles" $profiles
  "allow_anonymous_writes" .Values.allowAnonymousWrites -}}
{{- if .Values.tokensSecretKey -}}
{{- $_ := set $cfg "tokens_file" (printf "%s/%s" $secrets .Values.tokensSecretKey) -}}
{{- end -}}
{{- if .Values.grpc.tls.enabled -}}
{{- $_ := set $cfg "grpc_tls_cert_file" (printf "%s/%s" $secrets .Values.grpc.tls.certKey) -}}
{{- $_ := set $cfg "grpc_tls_key_file" (printf "%s/%s" $secrets .Values.grpc.tls.keyKey) -}}
{{- if .Values.grpc.tls.clientCaKey -}}
{{- $_ := set $cfg "grpc_tls_client_ca_file" (printf "%s/%s" $secrets .Values.grpc.tls.clientCaKey) -}}
{{- end -}}
{{- end -}}
{{- $_ := set $cfg "probe_max_concurrent_reads" (int .Values.metrics.probeMaxConcurrentReads) -}}
{{- if .Values.metrics.requireToken -}}
{{- $_ := set $cfg "metrics_require_token" true -}}
{{- end -}}
{{- if .Values.metrics.tls.enabled -}}
{{- $_ := set $cfg "metrics_tls_cert_file" (printf "%s/%s" $secrets .Values.metrics.tls.certKey) -}}
{{- $_ := set $cfg "metrics_tls_key_file" (printf "%s/%s" $secrets .Values.metrics.tls.keyKey) -}}
{{- if .Values.metrics.tls.clientCaKey -}}
{{- $_ := set $cfg "metrics_tls_client_ca_file" (printf "%s/%s" $secrets .Values.metrics.tls.clientCaKey) -}}
{{- end -}}
{{- end -}}
{{- if .Values.restconf.enabled -}}
{{- $_ := set $cfg "restconf_listen" (printf "0.0.0.0:%d" (int .Values.restconf.port)) -}}
{{- $_ := set $cfg "restconf_tls_cert_file" (printf "%s/%s" $secrets .Values.restconf.certKey) -}}
{{- $_ := set $cfg "restconf_tls_key_file" (printf "%s/%s" $secrets .Values.restconf.keyKey) -}}
{{- end -}}
{{- if .Values.syslog.enabled -}}
{{- $_ := set $cfg "syslog_listen" (printf "0.0.0.0:%d" (int .Values.syslog.port)) -}}
{{- end -}}
{{- mustMergeOverwrite (deepCopy .Values.config) $cfg | toPrettyJson -}}
{{- end }}

{{/* How a ServiceMonitor endpoint scrapes the metrics port: scheme, tlsConfig, authorization. */}}
{{- define "wlc-licensing.scrapeSecurity" -}}
{{- $sm := .Values.serviceMonitor -}}
{{- if .Values.metrics.tls.enabled }}
scheme: https
tlsConfig:
  ca:
    secret:
      name: {{ $sm.tlsConfig.caSecretName | default .Values.existingSecret }}
      key: {{ $sm.tlsConfig.caKey }}
  {{- if $sm.tlsConfig.clientCertSecretName }}
  cert:
    secret:
      name: {{ $sm.tlsConfig.clientCertSecretName }}
      key: {{ $sm.tlsConfig.clientCertKey }}
  keySecret:
    name: {{ $sm.tlsConfig.clientCertSecretName }}
    key: {{ $sm.tlsConfig.clientKeyKey }}
  {{- end }}
  serverName: {{ $sm.tlsConfig.serverName | default (printf "%s.%s.svc" (include "wlc-licensing.fullname" .) .Release.Namespace) }}
{{- end }}
{{- if .Values.metrics.requireToken }}
authorization:
  type: Bearer
  credentials:
    name: {{ $sm.authorization.secretName }}
    key: {{ $sm.authorization.key }}
{{- end }}
{{- end }}

{{- define "wlc-licensing.probeTiming" -}}
initialDelaySeconds: {{ .Values.probes.initialDelaySeconds }}
periodSeconds: {{ .Values.probes.periodSeconds }}
failureThreshold: {{ .Values.probes.failureThreshold }}
{{- end }}
