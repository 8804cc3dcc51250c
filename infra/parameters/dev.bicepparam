// dev: small and cheap: 2 nodes (autoscaling to 3), 4 hub partitions, no zones, Free control plane, locally redundant storage.
using '../main.bicep'

param environmentName = 'dev'
param kubernetesNamespace = 'kardiaflow-dev'
param eventHubPartitionCount = 4
param aksNodeVmSize = 'Standard_D4ds_v5'
param aksNodeMinCount = 2
param aksNodeMaxCount = 3
param aksSkuTier = 'Free'
param storageSkuName = 'Standard_LRS'
